#!/usr/bin/env bash
# Debian packages by profile, installed only when missing (needs root or sudo):
#   build  what `quangba build` needs: Noto fonts for the social cards (Latin/Vietnamese,
#          Lao, CJK);
#   test   build + chromium (browser tests), nginx (deploy/nginx.conf is tested with the real
#          server), Pango and HarfBuzz for WeasyPrint (`quangba publication`), poppler-utils
#          to read PDFs back, LibreOffice Writer to render the report to PDF.
# Usage: tools/install-system-deps.sh [build|test]      (default: test)
#        tools/install-system-deps.sh --missing PROFILE  print what would be installed, install nothing
# SYSTEM_ROOT (default empty) is prepended to every path looked at: the tests point it at an
# empty folder to see the whole list a fresh machine gets.
set -euo pipefail

# profile  kind  what                                                  Debian package
REQUIREMENTS='
build file /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf       fonts-noto-core
build file /usr/share/fonts/truetype/noto/NotoSans-Bold.ttf          fonts-noto-core
build file /usr/share/fonts/truetype/noto/NotoSansLao-Regular.ttf    fonts-noto-core
build file /usr/share/fonts/truetype/noto/NotoSansLao-Bold.ttf       fonts-noto-core
build file /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc    fonts-noto-cjk
build file /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc       fonts-noto-cjk
test  file /usr/bin/chromium                                          chromium
test  file /usr/sbin/nginx                                            nginx
test  file /usr/bin/pdftotext                                         poppler-utils
test  file /usr/bin/pdftoppm                                          poppler-utils
test  dpkg libpango-1.0-0                                             libpango-1.0-0
test  dpkg libpangoft2-1.0-0                                          libpangoft2-1.0-0
test  dpkg libharfbuzz-subset0                                        libharfbuzz-subset0
test  cmd  soffice                                                    libreoffice-writer-nogui
'

mode=install
if [ "${1:-}" = "--missing" ]; then mode=list; shift; fi
profile="${1:-test}"
case "$profile" in
  build) wanted="build" ;;
  test) wanted="build test" ;;
  *) echo "unknown profile '$profile' (build or test)" >&2; exit 2 ;;
esac
root="${SYSTEM_ROOT:-}"

missing=()
while read -r prof kind what package; do
  [ -n "$prof" ] || continue
  case " $wanted " in *" $prof "*) ;; *) continue ;; esac
  case "$kind" in
    file) [ -e "$root$what" ] && continue ;;
    dpkg) [ -z "$root" ] && dpkg -s "$what" >/dev/null 2>&1 && continue ;;
    cmd) [ -z "$root" ] && command -v "$what" >/dev/null 2>&1 && continue ;;  # any variant of the package will do
  esac
  case " ${missing[*]:-} " in *" $package "*) ;; *) missing+=("$package") ;; esac
done <<< "$REQUIREMENTS"

if [ "$mode" = list ]; then
  [ ${#missing[@]} -eq 0 ] || printf '%s\n' "${missing[@]}"
  exit 0
fi
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
