"""Articles in: pasted, uploaded or the bundled sample, checked (size, language, encoding) and
stored; the background job that runs the generation engine on them and stores what it found."""
