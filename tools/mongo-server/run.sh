#!/usr/bin/env bash
# Starts mongo-java-server (MongoDB wire protocol, reports 6.0.0) for tests and local use.
#   tools/mongo-server/run.sh [HOST] [PORT] [H2_FILE]     (defaults: 127.0.0.1 27017, in memory)
# Resolves the jars with Maven once, or without Maven with fetch-jars.sh (cached in .cache/classpath.txt), compiles the one Java file, and
# execs java so that SIGTERM reaches the server directly.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache="$here/.cache"
mkdir -p "$cache"
if [ ! -s "$cache/classpath.txt" ] || [ "$here/pom.xml" -nt "$cache/classpath.txt" ]; then
  if command -v mvn >/dev/null 2>&1; then
    mvn -q -B -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cache/classpath.txt" >&2
  else
    bash "$here/fetch-jars.sh"   # Java without Maven: the same jars straight from Maven Central
  fi
fi
cp=$(cat "$cache/classpath.txt")
if [ ! -f "$cache/MongoTestServer.class" ] || [ "$here/MongoTestServer.java" -nt "$cache/MongoTestServer.class" ]; then
  javac -nowarn -d "$cache" -cp "$cp" "$here/MongoTestServer.java"
fi
exec java -Xss1m -XX:+UseSerialGC -cp "$cache:$cp" MongoTestServer "${1:-127.0.0.1}" "${2:-27017}" ${3:+"$3"}
