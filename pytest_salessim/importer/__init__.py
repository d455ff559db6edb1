"""`salessim import`: the SalesSim paper's persona and product files -> spec files and catalogs."""

from .annotations import AnnotationError
from .convert import CategoryImport, convert_category
from .files import DatasetError, Written, import_files, summary

__all__ = [
    "AnnotationError",
    "CategoryImport",
    "DatasetError",
    "Written",
    "convert_category",
    "import_files",
    "summary",
]
