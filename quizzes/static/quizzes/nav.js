// The header's menu. From 48rem its items show in the header line, so the <details> holding them is
// kept open; on a phone it folds into the Menu button, and Escape, a click elsewhere or tabbing out
// closes it. Without this script the <details> still opens and closes on its own.
const menu = document.querySelector("[data-nav-menu]");
if (menu) {
  const wide = window.matchMedia("(min-width: 48rem)");
  const fit = () => {
    menu.open = wide.matches;
  };
  fit();
  wide.addEventListener("change", fit);
  const close = (refocus) => {
    if (wide.matches || !menu.open) return;
    menu.open = false;
    if (refocus) menu.querySelector("summary").focus();
  };
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.open) close(menu.contains(document.activeElement));
  });
  document.addEventListener("click", (event) => {
    if (!menu.contains(event.target)) close(false);
  });
  menu.addEventListener("focusout", (event) => {
    if (event.relatedTarget && !menu.contains(event.relatedTarget)) close(false);
  });
  // On a wide screen the summary is hidden; never let a stray toggle fold the items away.
  menu.addEventListener("toggle", () => {
    if (wide.matches && !menu.open) menu.open = true;
  });
}
