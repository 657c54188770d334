# Reached: prints who and where, changes nothing.
echo "reached $(hostname) as $(id -un)"
