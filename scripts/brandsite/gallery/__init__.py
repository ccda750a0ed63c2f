"""Photos to web and print variants: image functions, the build, its cache and manifest."""
