# `cmake --install` and `cpack -G DEB`: the binary, its listener module, man pages, shell
# completions where each shell looks for vendor completions, the examples and the licence.
include(GNUInstallDirs)

install(TARGETS hypercare RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The module is private to the binary, which looks for it in ../lib/hypercare/ (watch_listen.cpp):
# not the multiarch library directory.
install(TARGETS hypercare_listen LIBRARY DESTINATION lib/hypercare)

# Man pages, gzipped as Debian installs them (man reads both).
file(GLOB HYPERCARE_MAN_PAGES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/man/*.1)
set(HYPERCARE_MAN_GZ)
foreach(page ${HYPERCARE_MAN_PAGES})
  get_filename_component(name ${page} NAME)
  set(gz ${CMAKE_CURRENT_BINARY_DIR}/man/${name}.gz)
  add_custom_command(OUTPUT ${gz}
                     COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/man
                     COMMAND gzip -9n -c ${page} > ${gz}
                     DEPENDS ${page} VERBATIM)
  list(APPEND HYPERCARE_MAN_GZ ${gz})
endforeach()
add_custom_target(hypercare_man ALL DEPENDS ${HYPERCARE_MAN_GZ})
install(FILES ${HYPERCARE_MAN_GZ} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

install(FILES ${PROJECT_SOURCE_DIR}/completions/hypercare.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME hypercare)
install(FILES ${PROJECT_SOURCE_DIR}/completions/_hypercare DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${PROJECT_SOURCE_DIR}/completions/hypercare.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples
        PATTERN "*.sh" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
# Debian wants the licence as doc/PACKAGE/copyright and a changelog (a native package's: changelog.gz).
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)
set(HYPERCARE_CHANGELOG ${CMAKE_CURRENT_BINARY_DIR}/changelog)
file(WRITE ${HYPERCARE_CHANGELOG}
     "hypercare (${PROJECT_VERSION}) unstable; urgency=medium\n\n"
     "  * Release ${PROJECT_VERSION}: see README.md for what it does.\n\n"
     " -- The hypercare authors <maintainers@hypercare.invalid>  Fri, 04 Dec 2026 00:00:00 +0000\n")
add_custom_command(OUTPUT ${HYPERCARE_CHANGELOG}.gz COMMAND gzip -9n -c ${HYPERCARE_CHANGELOG} > ${HYPERCARE_CHANGELOG}.gz
                   DEPENDS ${HYPERCARE_CHANGELOG} VERBATIM)
add_custom_target(hypercare_changelog ALL DEPENDS ${HYPERCARE_CHANGELOG}.gz)
install(FILES ${HYPERCARE_CHANGELOG}.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})

# --- cpack -G DEB ---------------------------------------------------------------------------
set(CPACK_PACKAGE_NAME hypercare)
set(CPACK_PACKAGE_VENDOR "The hypercare authors")
set(CPACK_PACKAGE_CONTACT "The hypercare authors <maintainers@hypercare.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "run the first weeks after a go-live: incidents, rota, health, hotfixes, handover")
set(CPACK_PACKAGE_DESCRIPTION "hypercare keeps incidents with SLA clocks, the on-call rota and its
 escalation chain, health checks, emergency hotfixes and the shift handover as
 plain files in a git repository, pages people by name and reports on the
 hypercare window.")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://hypercare.invalid/")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The libraries the binary and the module link: computed by dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded with dlopen at run time (no ELF dependency for dpkg-shlibdeps to see): libcurl for HTTP
# and SMTP, libcrypto for signing ack links. git is what the ops dir lives in.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libcurl4 | libcurl3-gnutls, libssl3, git")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "man-db, bash-completion")
set(CPACK_STRIP_FILES ON)
include(CPack)
