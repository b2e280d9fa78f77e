from .browse import adjustment_list, index, item_detail, item_list, special_list  # noqa: F401
from .empowerment import empowerment_matrix, township_empowerment  # noqa: F401
from .manage import (  # noqa: F401
    export,
    import_job,
    import_start,
    import_status,
    import_template,
    item_amend,
    item_create,
    item_retire,
)
from .public import public_catalogue, public_item, public_township, public_townships  # noqa: F401
