"""The generated reference docs: ``formats`` writes docs/formats.md (the project's file
formats, from the models) and ``templates`` writes docs/templates.md (what templates
receive); tests keep both up to date."""
