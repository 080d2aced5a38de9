"""Tools for instructors and maintainers: the student edition of the chapters (``assign``)
and the Colab install cell of every chapter (``colab``). Build scripts live in ``scripts/``."""
