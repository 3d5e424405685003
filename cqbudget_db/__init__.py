"""cqbudget: Chongqing 2024 municipal key special funds, as a queryable database."""

__version__ = "0.1.0"
