#!/bin/sh
# Installe tout ce qu'il faut pour générer les documents et lancer les tests :
# la bibliothèque système libharfbuzz-subset0 (polices des PDF), LibreOffice Writer (les tests
# enregistrent un gabarit avec LibreOffice, comme le ferait un CDG), puis un environnement Python
# .venv avec le générateur et ses dépendances.
set -e
cd "$(dirname "$0")"
manquants=""
ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || manquants="$manquants libharfbuzz-subset0"
if ! dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 && ! dpkg -s libreoffice-writer >/dev/null 2>&1; then
    manquants="$manquants libreoffice-writer-nogui"
fi
if [ -n "$manquants" ]; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086 # one word per package
    $SUDO apt-get install -y -qq $manquants
fi
[ -d .venv ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
