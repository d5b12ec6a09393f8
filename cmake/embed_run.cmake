# Script mode: writes OUT, a C++ file defining tdm::gen::EmbeddedFiles().
string(REPLACE "," ";" FILES "${FILES}")
set(body "")
set(entries "")
set(i 0)
foreach(f ${FILES})
  file(READ ${DATA_DIR}/${f} hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," chars "${hex}")
  string(APPEND body "static const char kFile${i}[] = {${chars} 0};\n")
  file(SIZE ${DATA_DIR}/${f} size)
  string(APPEND entries "    {\"${f}\", std::string_view(kFile${i}, ${size})},\n")
  math(EXPR i "${i} + 1")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from data/ by cmake/embed_run.cmake. Do not edit.
#include \"gen/embedded_data.h\"

namespace tdm::gen {
${body}
const std::vector<EmbeddedFile>& EmbeddedFiles() {
  static const std::vector<EmbeddedFile> kFiles = {
${entries}  };
  return kFiles;
}

}  // namespace tdm::gen
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
