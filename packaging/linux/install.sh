#!/bin/sh
# Install this caseroom folder for the current user (no administrator rights needed):
# the program under ~/.local/opt/caseroom, a `caseroom` command in ~/.local/bin, and a
# menu entry with its icon. Run it again to update; `./install.sh --remove` takes the program
# away and leaves the records (the data folder) where they are.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
opt=$HOME/.local/opt/caseroom
bin=$HOME/.local/bin
if [ "${1:-}" = "--remove" ]; then
  rm -rf "$opt" "$bin/caseroom" "$data/applications/caseroom.desktop" \
    "$data/icons/hicolor/256x256/apps/caseroom.png"
  echo "caseroom removed; your records are kept in $data/caseroom"
  exit 0
fi
mkdir -p "$opt" "$bin" "$data/applications" "$data/icons/hicolor/256x256/apps"
rm -rf "$opt.new" && cp -R "$here" "$opt.new" && rm -rf "$opt" && mv "$opt.new" "$opt"
ln -sf "$opt/caseroom" "$bin/caseroom"
sed "s|^Exec=caseroom\$|Exec=\"$opt/caseroom\"|" "$here/caseroom.desktop" > "$data/applications/caseroom.desktop"
cp "$here/caseroom.png" "$data/icons/hicolor/256x256/apps/caseroom.png"
echo "caseroom installed: open it from the menu, or run $bin/caseroom"
