#!/bin/sh
# Installe tout ce qu'il faut pour générer les documents et lancer les tests :
# la bibliothèque système libharfbuzz-subset0 (polices des PDF), puis un environnement Python
# .venv avec le générateur et ses dépendances.
set -e
cd "$(dirname "$0")"
if ! ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq libharfbuzz-subset0
fi
[ -d .venv ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
