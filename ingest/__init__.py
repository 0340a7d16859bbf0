"""Reading opinions and turning them into citation-graph pieces."""
