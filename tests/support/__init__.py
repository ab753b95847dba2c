"""What the tests share besides fixtures: data and helpers, imported as ``support.…``."""
