"""`python -m bench.week`: one whole week of the app at full size; see __main__."""
