"""Reference ceilings: tiny stand-alone Django WSGI apps that serve a precomputed page.

They are not part of the site and no URL of the site routes to them; `bench/run.py` serves each
under gunicorn with the site's own gunicorn settings, so that the site's figures can be read
against what Django itself can do on the same machine in the same run.
"""
