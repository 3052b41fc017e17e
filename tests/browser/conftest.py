from browser_support import pytest_collection_modifyitems  # noqa: F401
from site_helpers import demo_site  # noqa: F401
