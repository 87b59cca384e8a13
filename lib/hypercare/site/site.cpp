#include "hypercare/site/site.hpp"

#include "hypercare/site/inputs.hpp"
#include "hypercare/site/page.hpp"
#include "hypercare/site/pages.hpp"

namespace hypercare::site {

core::Result<Files> build(const Options& o) {
  auto in = HC_TRY(gather(o));
  Files out;
  out["style.css"] = std::string(style_sheet());
  dashboard(o, in, out);
  if (o.public_site) return out;
  HC_CHECK(incident_pages(o, in, out));
  rota_pages(o, out);
  report_pages(o, in, out);
  return out;
}

}  // namespace hypercare::site
