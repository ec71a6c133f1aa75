"""The blog's pages: ``public`` (the public blog, no sign-in), ``writing`` (editor, my articles, moderation),
``portal`` (group tab, backup). Thin: input, abilities, a selector or a service, a template."""
