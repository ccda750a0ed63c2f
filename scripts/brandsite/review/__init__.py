"""The review of a change: the run, its output formats, git, the PR summary and the rules."""
