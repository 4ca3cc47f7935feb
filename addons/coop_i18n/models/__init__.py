from . import ir_module
