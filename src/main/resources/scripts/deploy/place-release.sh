# A deploy's rendered release, unpacked into FOLDER, made ready where its compose files expect it:
# place-release.sh FOLDER LINK [FILE NAME]..., the values exported (org.crvsops.ssh.EnvFile, from standard input).
# Each {{NAME}} placeholder left in FILE (a path inside FOLDER) is filled with the value of NAME, here on the
# manager, so that no secret is ever written on the orchestrator or passed as an argument. Then LINK (the
# /opt/opencrvs/infrastructure the compose files name) points at FOLDER/infrastructure: each deploy keeps its
# own tree, since Docker configs never change under one name, and a rollback points LINK back. A real folder at
# LINK (an earlier deploy by hand) is moved aside, never removed. Prints CHANGED or UNCHANGED lines.
set -eu
folder=$1 link=$2
shift 2
chmod 700 "$folder"
while [ $# -ge 2 ]; do
  rel=$1 name=$2
  file="$folder/$rel"
  shift 2
  if ! grep -qF "{{$name}}" "$file"; then
    echo "UNCHANGED $rel has no {{$name}} left"
    continue
  fi
  PLACEHOLDER="{{$name}}" awk -v name="$name" '{
    ph = ENVIRON["PLACEHOLDER"]; s = $0; out = ""
    while ((i = index(s, ph)) > 0) { out = out substr(s, 1, i - 1) ENVIRON[name]; s = substr(s, i + length(ph)) }
    print out s
  }' "$file" > "$file.filled"
  chmod --reference="$file" "$file.filled"
  mv "$file.filled" "$file"
  echo "CHANGED filled {{$name}} in $rel"
done
target="$folder/infrastructure"
if [ ! -d "$target" ]; then
  echo "UNCHANGED $folder has no infrastructure folder (a deploy from before releases had one): $link left as it is"
  exit 0
fi
if [ -L "$link" ] && [ "$(readlink "$link")" = "$target" ]; then
  echo "UNCHANGED $link points at $target"
  exit 0
fi
mkdir -p "$(dirname "$link")"
if [ -e "$link" ] && [ ! -L "$link" ]; then
  aside="$link.before-crvs-ops.$(date +%s)"
  mv "$link" "$aside"
  echo "CHANGED moved the folder $link (not made by crvs-ops) aside to $aside"
fi
ln -sfn "$target" "$link"
echo "CHANGED $link points at $target"
