"""The worker's own web views, served by Faust's web server on ``web_port``.

``views`` holds the pages (found by the app's autodiscovery); ``static/`` the
page's assets, served from the package (no CDN, no build step). See
docs/tallies.md.
"""
