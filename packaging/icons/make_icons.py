"""Render caseroom.svg to the PNG (Linux) and ICO (Windows) icons committed beside it.

Run by hand after changing the SVG: `python packaging/icons/make_icons.py` (needs PySide6
and Pillow in the environment).
"""

from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent


def render(size: int) -> QImage:
    """The SVG drawn at `size` × `size` pixels on a transparent background."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(HERE / "caseroom.svg")).render(painter)
    painter.end()
    return image


if __name__ == "__main__":
    app = QGuiApplication([])
    render(256).save(str(HERE / "caseroom.png"))
    Image.open(HERE / "caseroom.png").save(
        HERE / "caseroom.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (256, 256)]
    )
