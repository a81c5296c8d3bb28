#!/usr/bin/env bash
# Draws images/icon.png (128×128, the Marketplace icon): the character 真 ("true", Zhen's name) in
# white on a rounded teal square, with a small check mark. Needs ImageMagick 6 (apt-get install
# imagemagick) and a CJK font (Droid Sans Fallback from fonts-droid-fallback, or Noto CJK).
set -euo pipefail
cd "$(dirname "$0")"
FONT=${FONT:-$(fc-list :lang=zh file | head -1 | cut -d: -f1)}
/usr/bin/convert -size 512x512 xc:none \
  -fill '#0f766e' -draw 'roundrectangle 16,16 496,496 96,96' \
  -font "$FONT" -pointsize 330 -fill white -gravity center -annotate +0-10 '真' \
  -stroke '#fbbf24' -strokewidth 34 -fill none -draw 'polyline 318,404 366,452 456,340' \
  -resize 128x128 -strip icon.png
