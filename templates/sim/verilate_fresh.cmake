# verilate_fresh.cmake: mlpgen_verilate_fresh(TARGET PREFIX SOURCES...),
# called before verilate(TARGET ... PREFIX PREFIX) with the same sources.
#
# verilate() compiles the list of files that the Verilator run it saw at
# configure time wrote (PREFIX_copy.cmake). When the RTL changes (a project
# written again by mlpgen into a kept build directory), the next run may
# split the model into fewer files than that list names, and the build
# compiles stale ones ("has no member named ..."). So: configure again when
# a source changes, and drop the old list whenever the sources' digest is
# not the one it was made from; verilate() then runs Verilator at configure
# time and takes the list of that run.
function(mlpgen_verilate_fresh target prefix)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${ARGN})
  set(_vdir "${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/${target}.dir/${prefix}.dir")
  set(_all "")
  foreach(_f ${ARGN})
    file(SHA256 "${_f}" _h)
    string(APPEND _all "${_h}\n")
  endforeach()
  string(SHA256 _digest "${_all}")
  set(_stamp "${_vdir}/mlpgen_sources.sha256")
  set(_old "")
  if(EXISTS "${_stamp}")
    file(READ "${_stamp}" _old)
  endif()
  if(NOT _old STREQUAL _digest)
    file(REMOVE "${_vdir}/${prefix}_copy.cmake")
    file(MAKE_DIRECTORY "${_vdir}")
    file(WRITE "${_stamp}" "${_digest}")
  endif()
endfunction()
