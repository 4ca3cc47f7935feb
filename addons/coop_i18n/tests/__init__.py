from . import test_russian_screens
