"""Generic check kinds. Each module implements one kind; what to check is declared in rules/*.yaml."""
