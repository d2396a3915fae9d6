# Install rules and the Debian package: `cpack -G DEB` in a build directory writes
# sipddos_<version>_<arch>.deb (docs/deploy.md).
#
# Two install components:
#  - the default one, under the install prefix: bin/sipddos (src/cli/CMakeLists.txt), the model,
#    the man page, the Grafana dashboard, the Prometheus rules and the docs;
#  - `system`, at absolute paths (/etc, /lib/systemd): installed only by the package (or by
#    `cmake --install <build> --component system`), so `cmake --install --prefix /usr/local`
#    never writes outside its prefix.
include_guard(GLOBAL)

set(SIPDDOS_PACKAGE_MAINTAINER
    "sipddos maintainers <maintainers@users.noreply.r-seed-2ab3869d.example>"
    CACHE STRING "Maintainer field of the Debian package")
set(_pkg_src ${PROJECT_SOURCE_DIR}/packaging)
set(_pkg_out ${PROJECT_BINARY_DIR}/packaging)
set(_deploy ${PROJECT_SOURCE_DIR}/deploy)
set(_pkg_prefix /usr)  # where the package puts the default component

# --- default component: under the prefix -------------------------------------------------------
install(FILES ${PROJECT_SOURCE_DIR}/models/default-gru.safetensors
        DESTINATION share/sipddos/models)
install(FILES ${_deploy}/grafana/sipddos-dashboard.json DESTINATION share/sipddos/grafana)
install(FILES ${_deploy}/prometheus/sipddos-rules.yml DESTINATION share/sipddos/prometheus)
foreach(doc README.md docs/deploy.md docs/config.md docs/detection.md docs/mitigation.md)
  if(EXISTS ${PROJECT_SOURCE_DIR}/${doc})
    install(FILES ${PROJECT_SOURCE_DIR}/${doc} DESTINATION share/doc/sipddos)
  endif()
endforeach()

# sipddos(1): packaging/sipddos.1.in plus a COMMANDS section made from each subcommand's --help
# by running the built binary, gzipped.
# (A sanitizer build runs it too: leak reports at exit must not fail the build.)
if(TARGET sipddos AND NOT CMAKE_CROSSCOMPILING)
  set(_man ${_pkg_out}/sipddos.1.gz)
  add_custom_command(
    OUTPUT ${_man}
    COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0
            ${CMAKE_COMMAND} -DSIPDDOS=$<TARGET_FILE:sipddos> -DTEMPLATE=${_pkg_src}/sipddos.1.in
            -DVERSION=${PROJECT_VERSION} -DOUT=${_man} -P ${_pkg_src}/manpage.cmake
    DEPENDS sipddos ${_pkg_src}/sipddos.1.in ${_pkg_src}/manpage.cmake
    COMMENT "Generating the sipddos(1) man page"
    VERBATIM)
  add_custom_target(sipddos_man ALL DEPENDS ${_man})
  if(TARGET cli_tests)
    add_dependencies(cli_tests sipddos_man)  # deb_package_test.cc packages it
  endif()
  install(FILES ${_man} DESTINATION share/man/man1)
endif()

# --- system component: absolute paths, package only ------------------------------------------
# The unit as shipped in deploy/, its ExecStart pointed at the packaged binary.
file(READ ${_deploy}/systemd/sipddos.service _unit)
string(REGEX REPLACE "ExecStart=[^ \n]*/sipddos" "ExecStart=${_pkg_prefix}/bin/sipddos" _unit "${_unit}")
string(REGEX REPLACE "file://[^ \n]*/doc/sipddos/" "file://${_pkg_prefix}/share/doc/sipddos/" _unit
       "${_unit}")
file(GENERATE OUTPUT ${_pkg_out}/sipddos.service CONTENT "${_unit}")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_deploy}/systemd/sipddos.service)

set(_conffiles "")
macro(_sipddos_etc src dir name)
  if(EXISTS ${src})
    install(FILES ${src} DESTINATION ${dir} RENAME ${name} COMPONENT system EXCLUDE_FROM_ALL)
    string(APPEND _conffiles "${dir}/${name}\n")
  endif()
endmacro()
_sipddos_etc(${_deploy}/sipddos.yaml /etc/sipddos sipddos.yaml)
_sipddos_etc(${_deploy}/default/sipddos /etc/default sipddos)
_sipddos_etc(${_deploy}/logrotate/sipddos /etc/logrotate.d sipddos)
install(FILES ${_pkg_out}/sipddos.service DESTINATION /lib/systemd/system
        COMPONENT system EXCLUDE_FROM_ALL)
# dpkg keeps an operator's edits of a conffile across upgrades and removes it only on purge.
file(WRITE ${_pkg_out}/conffiles "${_conffiles}")

# --- the package ----------------------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sipddos)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${SIPDDOS_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "SIP INVITE flood (DDoS) detection with recurrent neural networks")
set(CPACK_PACKAGE_DESCRIPTION
    "sipddos detects and mitigates SIP INVITE flooding in real time with RNN, LSTM
and GRU models. It reads a capture file or a live interface, scores windows of
INVITE requests per protected server with the shipped GRU model, writes
Suricata-style EVE JSON alerts and Prometheus metrics, and can block attackers
through an nftables set or inline NFQUEUE filtering. The package installs the
binary, the default model, a configuration in /etc/sipddos, a hardened systemd
unit (never enabled or started by the package), a logrotate file, a Grafana
dashboard and Prometheus alerting rules.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # sipddos_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends: from the libraries the binary links
set(CPACK_DEBIAN_PACKAGE_DEPENDS "procps")  # /bin/kill: the unit's ExecReload (SIGHUP)
# logrotate rotates the alert log; the rest is for monitoring and mitigation.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "logrotate")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "prometheus, nftables")
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${_pkg_src}/debian/postinst ${_pkg_src}/debian/prerm ${_pkg_src}/debian/postrm
    ${_pkg_out}/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
# DESTDIR staging: the default component lands under /usr, the system one at its absolute paths.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX ${_pkg_prefix})
set(CPACK_PACKAGING_INSTALL_PREFIX ${_pkg_prefix})
# cpack (and `make install`) would first build every target, test programs included; the
# package needs only sipddos and sipddos_man, which `cmake --build` builds (docs/deploy.md).
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY TRUE)
set(CPACK_INSTALL_CMAKE_PROJECTS
    "${PROJECT_BINARY_DIR};${PROJECT_NAME};Unspecified;/"
    "${PROJECT_BINARY_DIR};${PROJECT_NAME};system;/")
if(SIPDDOS_HAVE_TORCH)
  # dpkg-shlibdeps then declares libtorch, which operators do not need: package a torch-free
  # build (-DSIPDDOS_WITH_TORCH=OFF) instead; docs/deploy.md.
  message(STATUS "packaging: this build links libtorch, so its .deb depends on libtorch; "
                 "configure with -DSIPDDOS_WITH_TORCH=OFF for the operator package")
endif()
include(CPack)
