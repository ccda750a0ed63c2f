"""What leaves the machine: atomic replace, build date, zip package, deploy, off-site check."""
