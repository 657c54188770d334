# prepare-backup-folder.sh USER FOLDER: the backup server's user and the folder that receives backups.
set -eu
user=$1 folder=$2
if ! id "$user" >/dev/null 2>&1; then
  useradd -m -s /bin/bash "$user"
  echo "CHANGED created the user $user"
fi
if [ ! -d "$folder" ]; then
  install -d -m 750 -o "$user" -g "$(id -gn "$user")" "$folder"
  echo "CHANGED created $folder"
fi
