"""Importers for LactMed bulk XML and PK value CSVs (see lactmed.py, pk.py, common.py)."""
