from . import test_access_matrix, test_public_methods, test_stock_model_scope
