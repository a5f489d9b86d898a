"""pdfplumber's table finder with its cell search indexed.

`pdfplumber.table.intersections_to_cells` looks, for every intersection of rules, through every
later intersection for those directly below and to the right, and compares their edges by
building sets afresh at each comparison: quadratic in the intersections of a page, a large share
of the time on dense grids. This gives the same cells in the same order (same points, same
candidate order, same test) from the intersections grouped by column and by row, with each
point's edge sets built once. Everything else is pdfplumber's `TableFinder`.
"""
from __future__ import annotations

from pdfplumber import utils
from pdfplumber.table import TableFinder, TableSettings, Table, cells_to_tables, edges_to_intersections


def find_tables(page, settings) -> list[Table]:
    """`page.find_tables(settings)`, same result."""
    return _IndexedTableFinder(page, TableSettings.resolve(settings)).tables


class _IndexedTableFinder(TableFinder):
    def __init__(self, page, settings):  # TableFinder.__init__ with the indexed cell search
        self.page = page
        self.settings = settings
        self.edges = self.get_edges()
        self.intersections = edges_to_intersections(
            self.edges, self.settings.intersection_x_tolerance, self.settings.intersection_y_tolerance)
        self.cells = intersections_to_cells(self.intersections)
        self.tables = [Table(self.page, cell_group) for cell_group in cells_to_tables(self.cells)]


def intersections_to_cells(intersections) -> list[tuple]:
    """Same as `pdfplumber.table.intersections_to_cells`."""
    vertical = {p: set(map(utils.obj_to_bbox, d["v"])) for p, d in intersections.items()}
    horizontal = {p: set(map(utils.obj_to_bbox, d["h"])) for p, d in intersections.items()}

    def connects(p1, p2) -> bool:
        if p1[0] == p2[0] and not vertical[p1].isdisjoint(vertical[p2]):
            return True
        return p1[1] == p2[1] and not horizontal[p1].isdisjoint(horizontal[p2])

    points = sorted(intersections)
    columns: dict[float, list] = {}  # x → its points, in sorted order (so by top)
    rows: dict[float, list] = {}  # top → its points, in sorted order (so by x)
    position = {}
    for point in points:
        column, row = columns.setdefault(point[0], []), rows.setdefault(point[1], [])
        position[point] = (len(column), len(row))
        column.append(point)
        row.append(point)
    cells = []
    for point in points[:-1]:
        in_column, in_row = position[point]
        below = columns[point[0]][in_column + 1:]
        right = rows[point[1]][in_row + 1:]
        cell = _smallest_cell(point, below, right, intersections, connects)
        if cell:
            cells.append(cell)
    return cells


def _smallest_cell(point, below, right, intersections, connects):
    for below_point in below:
        if not connects(point, below_point):
            continue
        for right_point in right:
            if not connects(point, right_point):
                continue
            corner = (right_point[0], below_point[1])
            if corner in intersections and connects(corner, right_point) and connects(corner, below_point):
                return (point[0], point[1], corner[0], corner[1])
    return None
