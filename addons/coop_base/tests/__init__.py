from . import (
    test_access_matrix,
    test_demo_data,
    test_public_methods,
    test_stock_model_scope,
    test_tools,
    test_written_lang,
)
