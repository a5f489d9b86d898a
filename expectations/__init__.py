"""Accounting identities: a catalogue of rules (one SQL file each) validated with Great Expectations."""
