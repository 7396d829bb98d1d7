"""Reach and reports: team reach, the CNO's organisation report and the weekly snapshot."""
