#!/usr/bin/env bash
# Extract every text into messages.pot and update the pl, en and he catalogues from it.
# Then translate what is new (empty msgstr) in intake/translations/*/LC_MESSAGES/messages.po;
# tests/test_translations.py fails while a text lacks its Polish or Hebrew translation.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=intake/translations
pybabel=.venv/bin/pybabel
$pybabel -q extract -F babel.cfg -k N_ -k _l -k lazy_gettext -c "Translators:" \
  --add-location=file --sort-by-file --no-wrap --project=Intake \
  -o "$dir/messages.pot" intake ocr inbox notify tasks ksef conversations cases portal
for locale in pl en he; do
  if [ -f "$dir/$locale/LC_MESSAGES/messages.po" ]; then
    $pybabel -q update -i "$dir/messages.pot" -d "$dir" -l "$locale" \
      --no-fuzzy-matching --ignore-obsolete --no-wrap --ignore-pot-creation-date
  else
    $pybabel -q init -i "$dir/messages.pot" -d "$dir" -l "$locale" --no-wrap
  fi
done
$pybabel -q compile -d "$dir"
