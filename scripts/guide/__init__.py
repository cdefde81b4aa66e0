"""Tools that read the guide's Markdown: its structure, and how two languages compare."""
