#!/bin/sh
# Installe tout ce qu'il faut pour générer les documents et lancer les tests :
# la bibliothèque système libharfbuzz-subset0 (polices des PDF), LibreOffice Calc sans interface
# (les tests y enregistrent un classeur au format .ods comme le ferait un secrétariat), puis un
# environnement Python .venv avec le générateur et ses dépendances.
set -e
cd "$(dirname "$0")"
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
if ! ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset; then
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq libharfbuzz-subset0
fi
if ! command -v soffice >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui
fi
[ -d .venv ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
