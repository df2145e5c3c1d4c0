"""``python -m gklint`` — same as the ``gklint`` console script."""
from gklint.cli import main

if __name__ == "__main__":
    main()
