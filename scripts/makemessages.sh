#!/usr/bin/env bash
# Extract gettext strings into the Chinese catalogues. Each app keeps its own locale/ (so parallel work
# on different apps never edits one file); the project's locale/ covers enforcement/ and templates/.
# Usage: scripts/makemessages.sh [catalog|cases|planning|townships|project] (no argument: all)
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG=1 DJANGO_SETTINGS_MODULE=enforcement.settings PYTHONPATH="$PWD"
ADMIN="$PWD/.venv/bin/django-admin"
APPS=(catalog cases planning townships mobile intake enforcement/workcalendar)
JS_APPS=(mobile)  # apps whose JavaScript has gettext strings (djangojs domain, served by JavaScriptCatalog)
targets=("${@:-${APPS[@]} project}")
for target in ${targets[@]}; do
  if [ "$target" = project ]; then
    ignores=(--ignore=.venv --ignore=staticfiles --ignore=media)
    for app in "${APPS[@]}"; do ignores+=(--ignore="$app/*"); done
    "$ADMIN" makemessages -l zh_Hans --no-obsolete --no-location "${ignores[@]}"
  else
    mkdir -p "$target/locale"
    (cd "$target" && "$ADMIN" makemessages -l zh_Hans --no-obsolete --no-location)
    if [[ " ${JS_APPS[*]} " == *" $target "* ]]; then
      (cd "$target" && "$ADMIN" makemessages -d djangojs -l zh_Hans --no-obsolete --no-location)
    fi
  fi
done
