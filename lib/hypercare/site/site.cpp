#include "hypercare/site/site.hpp"

#include "hypercare/site/inputs.hpp"
#include "hypercare/site/page.hpp"
#include "hypercare/site/pages.hpp"

namespace hypercare::site {

core::Result<Site> build(const Options& o) {
  auto in = HC_TRY(gather(o));
  Site site;
  auto& out = site.files;
  out["style.css"] = std::string(style_sheet());
  dashboard(o, in, out);
  if (o.public_site) return site;
  HC_CHECK(incident_pages(o, in, site));
  rota_pages(o, out);
  report_pages(o, in, out);
  return site;
}

}  // namespace hypercare::site
