// LTI pages: post the deep-linking answer back to the LMS, and tell the LMS a dynamic
// registration is done (LTI Dynamic Registration's org.imsglobal.lti.close message).
(function () {
  "use strict";
  var form = document.querySelector("form[data-lti-autosubmit]");
  if (form) {
    form.submit();
  }
  if (document.querySelector("[data-lti-close]")) {
    var target = window.opener || window.parent;
    if (target && target !== window) {
      target.postMessage({ subject: "org.imsglobal.lti.close" }, "*");
    }
  }
})();
