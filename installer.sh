#!/bin/sh
# Installe tout ce qu'il faut pour générer les documents et lancer les tests :
# la bibliothèque système libharfbuzz-subset0 (polices des PDF) ; pour les tests seulement,
# LibreOffice Writer et Calc sans interface (les tests y enregistrent un gabarit et un classeur
# comme le ferait un secrétariat), SoftHSM2 et OpenSC (une clé de signature matérielle simulée,
# pour `signer --pkcs11`) ; puis un environnement Python .venv avec le générateur et ses dépendances.
set -e
cd "$(dirname "$0")"
MANQUANTS=""
ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || MANQUANTS="$MANQUANTS libharfbuzz-subset0"
for paquet in libreoffice-writer-nogui libreoffice-calc-nogui; do
    complet="${paquet%-nogui}"  # the full packages serve as well
    if ! dpkg -s "$paquet" >/dev/null 2>&1 && ! dpkg -s "$complet" >/dev/null 2>&1; then
        MANQUANTS="$MANQUANTS $paquet"
    fi
done
command -v softhsm2-util >/dev/null 2>&1 || MANQUANTS="$MANQUANTS softhsm2"
command -v pkcs11-tool >/dev/null 2>&1 || MANQUANTS="$MANQUANTS opensc"
if [ -n "$MANQUANTS" ]; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086 # one word per package
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $MANQUANTS
fi
[ -d .venv ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
