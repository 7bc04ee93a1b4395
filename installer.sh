#!/bin/sh
# Installe tout ce qu'il faut pour générer les documents et lancer les tests :
# la bibliothèque système libharfbuzz-subset0 (polices des PDF), et pour les tests LibreOffice
# Writer (un test enregistre un gabarit avec LibreOffice, comme le ferait un CDG), SoftHSM2 et
# OpenSC (une clé de signature matérielle simulée, pour `signer --pkcs11`), puis un environnement
# Python .venv avec le générateur et ses dépendances.
set -e
cd "$(dirname "$0")"
MANQUANTS=""
ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || MANQUANTS="$MANQUANTS libharfbuzz-subset0"
if ! dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 && ! dpkg -s libreoffice-writer >/dev/null 2>&1; then
    MANQUANTS="$MANQUANTS libreoffice-writer-nogui"
fi
command -v softhsm2-util >/dev/null 2>&1 || MANQUANTS="$MANQUANTS softhsm2"
command -v pkcs11-tool >/dev/null 2>&1 || MANQUANTS="$MANQUANTS opensc"
if [ -n "$MANQUANTS" ]; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086 # one word per package
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $MANQUANTS
fi
[ -d .venv ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
