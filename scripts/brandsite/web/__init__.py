"""What the site shows, computed without MkDocs: pages, search words, robots.txt, safe HTML."""
