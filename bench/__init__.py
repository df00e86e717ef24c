"""`make bench`: the site under load beside two reference ceilings (see docs/performance.md)."""
