"""Reading and checking a brand profile: loader, YAML text, file decoding, colours, slugs."""
