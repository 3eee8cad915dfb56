#!/usr/bin/env bash
# For a machine with Java but without Maven: fetches mongo-java-server's jars (the dependency tree of pom.xml,
# pinned below) straight from Maven Central with curl, checks each against Central's SHA-1, and writes
# .cache/classpath.txt for run.sh.
#   tools/mongo-server/fetch-jars.sh            (MAVEN_REPO overrides the repository URL, e.g. a mirror)
# Keep the list in step with pom.xml (`mvn dependency:build-classpath` prints the same jars).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=${MAVEN_REPO:-https://repo1.maven.org/maven2}
jars="$here/.cache/jars"
mkdir -p "$jars"
artifacts=(
  de.bwaldvogel:mongo-java-server:1.47.0
  de.bwaldvogel:mongo-java-server-core:1.47.0
  de.bwaldvogel:mongo-java-server-memory-backend:1.47.0
  de.bwaldvogel:mongo-java-server-h2-backend:1.47.0
  com.h2database:h2:2.3.232
  io.netty:netty-transport:4.2.2.Final
  io.netty:netty-common:4.2.2.Final
  io.netty:netty-buffer:4.2.2.Final
  io.netty:netty-resolver:4.2.2.Final
  io.netty:netty-codec:4.2.2.Final
  io.netty:netty-codec-base:4.2.2.Final
  io.netty:netty-codec-compression:4.2.2.Final
  io.netty:netty-codec-protobuf:4.2.2.Final
  io.netty:netty-codec-marshalling:4.2.2.Final
  io.netty:netty-handler:4.2.2.Final
  io.netty:netty-transport-native-unix-common:4.2.2.Final
  org.slf4j:slf4j-api:2.0.17
  org.slf4j:slf4j-nop:2.0.17
)
classpath=()
for coordinate in "${artifacts[@]}"; do
  IFS=: read -r group artifact version <<<"$coordinate"
  file="$artifact-$version.jar"
  url="$repo/${group//.//}/$artifact/$version/$file"
  if [ ! -s "$jars/$file" ]; then
    curl -fsSL --retry 2 -o "$jars/$file.part" "$url"
    expected=$(curl -fsSL --retry 2 "$url.sha1" | cut -c1-40)
    actual=$(sha1sum "$jars/$file.part" | cut -c1-40)
    if [ "$expected" != "$actual" ]; then
      echo "checksum mismatch for $file (expected $expected, got $actual)" >&2
      rm -f "$jars/$file.part"
      exit 1
    fi
    mv "$jars/$file.part" "$jars/$file"
  fi
  classpath+=("$jars/$file")
done
(IFS=:; echo "${classpath[*]}") > "$here/.cache/classpath.txt"
echo "mongo-java-server jars in $jars; run.sh will use them" >&2
