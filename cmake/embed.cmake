# Embeds every file under a data directory into the binary as a sorted table of
# {relative path, contents}, so no data files are needed at run time (gen/embedded_data.h).
function(tdm_embed_data out_var data_dir)
  file(GLOB_RECURSE files CONFIGURE_DEPENDS RELATIVE ${data_dir} ${data_dir}/*.txt)
  list(SORT files)
  set(out ${CMAKE_BINARY_DIR}/generated/embedded_data.cc)
  string(REPLACE ";" "," files_arg "${files}")
  set(abs_files)
  foreach(f ${files})
    list(APPEND abs_files ${data_dir}/${f})
  endforeach()
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DDATA_DIR=${data_dir} -DOUT=${out} "-DFILES=${files_arg}"
            -P ${CMAKE_SOURCE_DIR}/cmake/embed_run.cmake
    DEPENDS ${abs_files} ${CMAKE_SOURCE_DIR}/cmake/embed_run.cmake
    COMMENT "Embedding provider data")
  set(${out_var} ${out} PARENT_SCOPE)
endfunction()
