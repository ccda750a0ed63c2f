"""The tests' shared kit: one way each to write a profile, make an image, run ``brandsite`` and open a page.

- ``kit.profiles``: a profile's text from keyword fields and gallery entries; ``write_brand``.
- ``kit.images``: images as bytes (a plain colour, a photo-like scene) for profiles, Word files and PDFs.
- ``kit.cli``: ``brandsite …`` in a subprocess with this checkout's package, optionally time- and memory-bound.
- ``kit.browser``: Debian's chromium, a local web server, and a page visitor that records what went wrong.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the checkout the tests test
